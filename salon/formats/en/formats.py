from salon.formats import ENGLISH

globals().update(ENGLISH)
