region  = "eu-west-1"
project = "ci"
subnets = ["subnet-1", "subnet-2"]
