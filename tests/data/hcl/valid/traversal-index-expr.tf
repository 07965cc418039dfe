a = var.m[var.k]
