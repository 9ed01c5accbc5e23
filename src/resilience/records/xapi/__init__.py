"""The xAPI Learning Record Store: validation, storage and the HTTP resources at /xapi/."""
