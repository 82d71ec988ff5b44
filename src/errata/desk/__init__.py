"""The editor desk: server-rendered pages (Django templates + a little htmx) over the
case services. Views parse the request, call one service function and render."""
