package org.fedhaem.experiment;

import org.fedhaem.model.SavedModel;

/** A final model of the run and the file (relative to the run directory) it is written to. */
public record SavedModelFile(String path, SavedModel model) {
}
