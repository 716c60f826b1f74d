"""The preview desk: problems on the page, stand-ins for posts not built, /_desk/."""
