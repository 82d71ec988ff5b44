"""What operators do to an errata instance, behind the `errata` command (`errata.cli`).

`serving` runs the web server and the task worker as supervised child processes;
`importing` turns a publisher's page into an article with trafilatura.
"""
