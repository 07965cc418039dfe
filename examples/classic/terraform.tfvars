region = "eu-west-1"
name   = "service"
