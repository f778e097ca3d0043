/** Survival and binary risk models (exact linear fits, networks), their parameters and baseline hazards. */
package org.fedhaem.model;
