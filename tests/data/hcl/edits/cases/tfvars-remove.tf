region  = "eu-west-1"
subnets = ["subnet-1", "subnet-2"]
