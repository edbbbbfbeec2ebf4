"""Learning from labelled answers: the corpus, training, and reports on the frozen test split.

Only training imports scikit-learn; the running engine reads the trained
weights with NumPy (assistant/nlp/linear.py).
"""
