# Blue and green stacks share one module.
module "blue" {
  source = "./modules/cb"
  env    = "blue"
}

module "green" {
  source = "./modules/cb"
  env    = "green"
}
