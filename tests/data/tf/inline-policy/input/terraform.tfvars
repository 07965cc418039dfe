# Values for the CI account.
region = "eu-west-1" # primary
