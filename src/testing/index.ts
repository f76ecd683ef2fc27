// credchain/testing: helpers for unit-testing your own credential precedence.
export {};
