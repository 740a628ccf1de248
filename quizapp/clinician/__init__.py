"""The clinician workspace: sign in, assign reading, and read the consult report."""
