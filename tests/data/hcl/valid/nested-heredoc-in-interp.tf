a = "${trimspace(<<EOF
x
EOF
)}"
