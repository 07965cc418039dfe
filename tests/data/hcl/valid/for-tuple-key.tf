a = [for i, x in var.l : i + x]
