package org.fedhaem.model; /** How tied event times enter the Cox partial likelihood. */ public enum Ties { BRESLOW, EFRON }
