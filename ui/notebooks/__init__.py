"""The CWS/CMS notebooks: the Referral notebook and the Case notebook, page by page."""
