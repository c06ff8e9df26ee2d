"""pulumi-sig: Azure Compute Gallery as code."""
