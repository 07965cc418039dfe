a = element(var.l, 0).id
b = lookup(var.m, "k")[0]
