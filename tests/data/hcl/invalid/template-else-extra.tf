a = "%{ if x }a%{ else b }c%{ endif }"
