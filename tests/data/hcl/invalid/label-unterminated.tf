a "x {
}
