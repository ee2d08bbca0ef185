"""The Qt front end of the trainer: the CWS/CMS notebooks a trainee documents in.

Nothing here is imported by :mod:`cwstrainer`; the core knows nothing of Qt.
"""
