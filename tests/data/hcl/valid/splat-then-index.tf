a = var.l.*.id[0]
