"""Features over the extracted structure: targets timeline, responsibility matrix, plan-to-plan
comparison, answer export, feedback into regression sets.

Front-ends reach them only through `assistant.api.Assistant` (see `facade.FeatureMethods`).
"""
