"""What the invoke tasks do around a Pelican build: publish, deploy, preview, samples.

Not a Pelican plugin (that is `charity_site`, which knows nothing of this package):
the systems code the tasks in tasks.py call once they have read their arguments.
"""
