//! Sample books: a small realistic one and a large generated one. (Being built.)
