package dev.synclog.agent.instrumentation.sdkmethod;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds, in {@link SdkMethodAdvice}, the constant index of the endpoint whose method the advice is inlined into. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface EndpointIndex {
}
