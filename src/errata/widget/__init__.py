"""The reader widget: its JavaScript source (`src/`), string catalogues (`strings/`), the
committed build (`dist/`), and what the server needs to serve and configure it."""
