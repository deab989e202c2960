package dev.synclog.agent.instrumentation.sdkmethod;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The named values of an app object, as a JSON object's fields: a record's components (in declaration order), else a
 * bean's public getters ({@code getX()}, {@code isX()} returning boolean), public instance fields, and fluent
 * accessors ({@code x()} returning the field {@code x} of the class, as the AWS SDK's models and Lombok's fluent
 * accessors have), by name. Only those: no other method of the app's objects is ever called, so reading a row has no
 * side effects beyond what a getter does. Looked up once per class.
 */
final class ObjectProperties {
    /** One readable property: its JSON name and how to get its value. */
    record Property(String name, Reader reader) {
    }

    interface Reader {
        Object read(Object target) throws Exception;
    }

    private static final ClassValue<List<Property>> BY_CLASS = new ClassValue<>() {
        @Override
        protected List<Property> computeValue(Class<?> type) {
            return type.isRecord() ? recordComponents(type) : beanProperties(type);
        }
    };

    private ObjectProperties() {
    }

    static List<Property> of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    private static List<Property> recordComponents(Class<?> type) {
        List<Property> properties = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Method accessor = component.getAccessor();
            if (accessible(accessor, type)) {
                properties.add(new Property(component.getName(), accessor::invoke));
            }
        }
        return List.copyOf(properties);
    }

    /**
     * Getters win over fields of the same name, and both over fluent accessors; names sorted, so a row's JSON is the
     * same on every JVM.
     */
    private static List<Property> beanProperties(Class<?> type) {
        Map<String, Reader> byName = new TreeMap<>();
        for (Field field : type.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && accessible(field, field.getDeclaringClass())) {
                byName.put(field.getName(), field::get);
            }
        }
        for (Method method : type.getMethods()) {
            String name = getterProperty(method);
            if (name != null && accessible(method, method.getDeclaringClass())) {
                byName.put(name, method::invoke);
            }
        }
        for (Method method : type.getMethods()) {
            if (isFluentAccessor(method, type) && !byName.containsKey(method.getName())
                    && accessible(method, method.getDeclaringClass())) {
                byName.put(method.getName(), method::invoke);
            }
        }
        List<Property> properties = new ArrayList<>(byName.size());
        byName.forEach((name, reader) -> properties.add(new Property(name, reader)));
        return List.copyOf(properties);
    }

    /**
     * A public member of a non-public class (a private nested bean) needs access made explicit; in a module that is
     * not open to the agent that fails, and a member of a public class can still be read as it is.
     */
    private static boolean accessible(java.lang.reflect.AccessibleObject member, Class<?> declaringClass) {
        return member.trySetAccessible() || Modifier.isPublic(declaringClass.getModifiers());
    }

    /**
     * {@code entries()} of a class with a field {@code entries} it can return as it is: an accessor by the field's own
     * name. A method whose type the field does not fit ({@code Optional<X> x()} over {@code X x}) computes something
     * and is left alone.
     */
    private static boolean isFluentAccessor(Method method, Class<?> type) {
        if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                || method.getDeclaringClass() == Object.class || method.getReturnType() == void.class) {
            return false;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getName().equals(method.getName()) && !Modifier.isStatic(field.getModifiers())) {
                    return method.getReturnType().isAssignableFrom(field.getType());
                }
            }
        }
        return false;
    }

    /** The property a plain getter reads ({@code getEmail} → {@code email}, {@code getURL} → {@code URL}), or null. */
    private static String getterProperty(Method method) {
        if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                || method.getDeclaringClass() == Object.class || method.getReturnType() == void.class) {
            return null;
        }
        String name = method.getName();
        String rest;
        if (name.startsWith("get") && name.length() > 3) {
            rest = name.substring(3);
        } else if (name.startsWith("is") && name.length() > 2 && method.getReturnType() == boolean.class) {
            rest = name.substring(2);
        } else {
            return null;
        }
        if (!Character.isUpperCase(rest.charAt(0))) {
            return null; // "getaway()", "island()": not getters
        }
        // JavaBeans rule: a name starting with two capitals keeps its case (getURL → URL).
        if (rest.length() > 1 && Character.isUpperCase(rest.charAt(1))) {
            return rest;
        }
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }
}
