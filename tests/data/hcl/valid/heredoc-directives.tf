a = <<EOF
%{ for x in var.l ~}
- ${x}
%{ endfor ~}
EOF
