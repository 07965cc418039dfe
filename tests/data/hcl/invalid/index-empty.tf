a = var.l[]
