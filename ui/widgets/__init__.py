"""CWS/CMS field widgets: text, date and code fields that commit through the door."""
