a = <<EOF
%{ if var.x ~}
yes
%{ else ~}
no
%{ endif ~}
EOF
