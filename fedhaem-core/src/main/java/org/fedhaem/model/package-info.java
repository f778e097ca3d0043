/**
 * Survival and binary risk models: exact linear fits (Cox, logistic), the DeepSurv/logistic network with its losses,
 * optimizers and training loop, baseline hazards, and parameters as flat named arrays.
 */
package org.fedhaem.model;
