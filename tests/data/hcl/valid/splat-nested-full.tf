a = var.l[*].b[*].c
