a = "%{ if var.x }yes%{ endif }"
