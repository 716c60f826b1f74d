"""Events: when they are (repeats too), calendars to add them to, their JSON-LD."""
