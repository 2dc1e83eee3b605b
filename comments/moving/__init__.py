"""Moving in and moving out: Blogger and WordPress exports read into Tinte, and Tinte
written out in both formats, so that nobody is locked in.

`blogger` and `wordpress` turn a file into an `items.Export` (and back); `load` writes an
Export into the database in one transaction, again and again without doubling anything.
This lives in the comments app because an export carries posts and their comments both.
"""
