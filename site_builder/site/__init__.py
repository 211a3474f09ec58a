"""From content to pages: plain functions that know nothing of MkDocs.

``plan.plan_site`` decides every page (URL, title, language, alternates, template data);
``images`` and ``cards`` make the published pictures; ``sitemap`` writes the sitemap. The
MkDocs plugin (``site_builder.plugin``) only hands these results to MkDocs.
"""
