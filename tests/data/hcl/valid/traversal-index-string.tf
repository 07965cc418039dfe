a = var.m["k"]
