team           = "payments"
repository_url = "https://github.com/example-org/payments.git"
