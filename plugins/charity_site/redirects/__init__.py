"""redirects"""
