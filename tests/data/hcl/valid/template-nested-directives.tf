a = "%{ for x in var.l }%{ if x != "" }${x}%{ endif }%{ endfor }"
