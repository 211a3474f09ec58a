"""What the programme publishes beyond the website: print posters and banners, press kits,
feeds, ready social posts, the media register, the ministry's figures and open data.

Plain Python (no MkDocs import): the MkDocs plugin and the ``top100`` command both call it.
"""
