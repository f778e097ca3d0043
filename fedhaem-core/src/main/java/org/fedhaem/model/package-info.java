/** Models and their training: parameters, exact fits, the DeepSurv/logistic network, losses and optimizers. */
package org.fedhaem.model;
