locals {
  aՠ = 1
}
