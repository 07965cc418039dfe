a = var.l[*].b.c[0]
