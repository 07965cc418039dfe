a = [for x in var.c ? var.a : var.b : x]
