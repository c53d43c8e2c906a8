// prettier --check must refuse this file.
export const   spaced = { a:1,b:2 }
