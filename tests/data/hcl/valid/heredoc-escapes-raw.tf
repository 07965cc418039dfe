a = <<EOF
back\slash \n stays $${x} %%{y}
EOF
