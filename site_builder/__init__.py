"""top100 site builder: the content model (``site_builder.content``) and the MkDocs adapter.

Importing this package imports neither MkDocs nor Flask; the MkDocs plugin lives in
``site_builder.plugin`` and is only loaded by MkDocs through its entry point.
"""
