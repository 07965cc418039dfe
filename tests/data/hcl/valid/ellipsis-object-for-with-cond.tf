a = {for s in var.l : s.group => s.name... if s.enabled}
