/^/ ok
